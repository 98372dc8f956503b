package io.coinlens.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a Spring test real PostgreSQL, Redis and Kafka, started once per test JVM and shared by every test context
 * in it. Sets {@code coinlens.postgres.*}, {@code spring.data.redis.*} and {@code spring.kafka.bootstrap-servers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedInfrastructure {

    boolean postgres() default true;

    boolean redis() default true;

    boolean kafka() default true;
}
