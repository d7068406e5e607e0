package ma.cnss.claims.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import ma.cnss.claims.generator.GenerateCommand;
import ma.cnss.claims.security.StaffAccounts;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code add-user --username amina --roles ADJUSTER,SUPERVISOR}: creates (or resets) a staff account; the password
 * is read from the environment variable CLAIMS_USER_PASSWORD or, when unset, from the first line of standard input,
 * never from the command line (it would show in the process list and shell history).
 * {@code disable-user --username amina}: disables the account and ends its sessions.
 */
public final class StaffUserCommand {

    private StaffUserCommand() {
    }

    public static int run(String command, String[] args) {
        Map<String, String> options = GenerateCommand.parse(args);
        String username = options.get("username");
        if (username == null || (command.equals("add-user") && options.get("roles") == null)) {
            System.err.println("Usage: add-user --username <name> --roles ADJUSTER[,SUPERVISOR][,AUDITOR]"
                    + "   (password from CLAIMS_USER_PASSWORD or standard input)");
            System.err.println("       disable-user --username <name>");
            return 2;
        }
        String password = null;
        if (command.equals("add-user")) {
            password = System.getenv("CLAIMS_USER_PASSWORD");
            if (password == null) {
                try {
                    password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    password = null;
                }
            }
            if (password == null) {
                System.err.println("No password: set CLAIMS_USER_PASSWORD or pipe it on standard input.");
                return 2;
            }
        }
        try (ConfigurableApplicationContext context = CommandContext.open()) {
            StaffAccounts accounts = context.getBean(StaffAccounts.class);
            if (command.equals("disable-user")) {
                boolean found = accounts.disable(username);
                System.out.println(found ? "Account " + username + " disabled, its sessions ended."
                        : "No account " + username + ".");
                return found ? 0 : 1;
            }
            List<String> roles = Arrays.stream(options.get("roles").split(",")).map(String::trim).toList();
            try {
                accounts.save(username, password, roles);
            } catch (IllegalArgumentException e) {
                System.err.println("Refused: " + e.getMessage());
                return 2;
            }
            System.out.println("Account " + username + " saved with roles " + roles + ".");
            return 0;
        }
    }
}
