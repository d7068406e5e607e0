package ma.cnss.claims.cli;

import ma.cnss.claims.ClaimsApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The service's beans for a one-shot command: the configured database, no HTTP, no routes started, quiet logs. */
public final class CommandContext {

    private CommandContext() {
    }

    /** {@code args}: {@code --name=value} overrides, which win over application.yaml. */
    public static ConfigurableApplicationContext open(String... args) {
        return new SpringApplicationBuilder(ClaimsApplication.class)
                .web(WebApplicationType.NONE)
                .properties("camel.main.routes-include-pattern=", "camel.main.auto-startup=false",
                        "camel.springboot.main-run-controller=false", "logging.level.root=WARN",
                        "logging.level.ma.cnss=WARN")
                .run(args);
    }
}
