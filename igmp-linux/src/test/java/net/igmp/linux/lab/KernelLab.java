package net.igmp.linux.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a real Linux kernel in network namespaces. Its report says which kernel that was.
 * With {@code multicastRouting = true} it needs the kernel's IPv4 multicast routing (MRT_INIT, VIFs, the MFC): on a
 * kernel built without {@code CONFIG_IP_MROUTE} the whole class runs inside User-Mode Linux instead, and each test's
 * outcome is reported here as usual. {@value KernelLabExtension#WHERE}=uml forces that path, =host forbids it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelLabExtension.class)
public @interface KernelLab {
    boolean multicastRouting() default false;
}
