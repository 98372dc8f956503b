package io.coinlens.testing;

import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Kept apart from {@link ServiceBaselineTests} so services without R2DBC never load its classes. */
final class SchemaOwnership {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SchemaOwnership() {
    }

    static void check(ApplicationContext context, String schema) {
        DatabaseClient db = context.getBean(DatabaseClient.class);
        Long migrations = db.sql("select count(*) from " + schema + ".flyway_schema_history where success")
                .map(row -> row.get(0, Long.class)).one().block(TIMEOUT);
        assertThat(migrations).as("successful migrations in " + schema).isPositive();
        String comment = db.sql("select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = :schema")
                .bind("schema", schema)
                .map(row -> row.get(0, String.class)).one().block(TIMEOUT);
        assertThat(comment).as("schema comment").startsWith("Owned by ");
        String searchPath = db.sql("show search_path").map(row -> row.get(0, String.class)).one().block(TIMEOUT);
        assertThat(searchPath).as("the service's connections default to its own schema").startsWith(schema);
    }
}
