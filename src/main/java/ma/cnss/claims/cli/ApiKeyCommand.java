package ma.cnss.claims.cli;

import java.util.Map;
import ma.cnss.claims.generator.GenerateCommand;
import ma.cnss.claims.security.ApiKeys;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code issue-key --inpe 300000000}: creates an API key for a submitter and prints it once (only its hash is
 * kept). {@code revoke-key --key-id 0a1b2c3d4e5f} or {@code revoke-key --inpe 300000000}: revokes it (or all of a
 * submitter's). Runs against the configured database, without HTTP and without routes.
 */
public final class ApiKeyCommand {

    private ApiKeyCommand() {
    }

    public static int run(String command, String[] args) {
        Map<String, String> options = GenerateCommand.parse(args);
        try (ConfigurableApplicationContext context = CommandContext.open()) {
            ApiKeys keys = context.getBean(ApiKeys.class);
            if (command.equals("issue-key")) {
                String inpe = options.get("inpe");
                if (inpe == null) {
                    System.err.println("Usage: issue-key --inpe <submitter INPE>");
                    return 2;
                }
                ApiKeys.IssuedKey issued = keys.issue(inpe);
                System.out.println("API key for submitter " + issued.submitterInpe() + " (key id " + issued.id()
                        + "). It is shown only now; store it in the clinic's system:");
                System.out.println(issued.key());
                System.out.println("Use it as: Authorization: Bearer " + issued.key());
                return 0;
            }
            String target = options.getOrDefault("key-id", options.get("inpe"));
            if (target == null) {
                System.err.println("Usage: revoke-key --key-id <id> | --inpe <submitter INPE>");
                return 2;
            }
            int revoked = keys.revoke(target);
            System.out.println(revoked + " key(s) revoked.");
            return revoked > 0 ? 0 : 1;
        }
    }
}
