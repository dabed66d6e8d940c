package io.lemonadeoutbox.thankyou;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ThankyouApplication {

    public static void main(String[] args) {
        SpringApplication.run(ThankyouApplication.class, args);
    }
}
