package io.coinlens.ml;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Price models, their registry and evaluations, and the predictions they make. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MlApplication {

    public static void main(String[] args) {
        SpringApplication.run(MlApplication.class, args);
    }
}
