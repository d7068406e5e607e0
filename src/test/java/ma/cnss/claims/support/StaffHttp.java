package ma.cnss.claims.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import ma.cnss.claims.security.StaffAccounts;

/** Staff accounts and signed-in HTTP calls for the review and audit tests. */
public final class StaffHttp {

    public static final String PASSWORD = "correct horse battery staple";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    public StaffHttp(int port) {
        this.port = port;
    }

    /** A fresh account with these roles (a unique username per call). */
    public static String newUser(StaffAccounts accounts, String prefix, String... roles) {
        String username = prefix + "-" + NEXT.incrementAndGet() + "-" + System.nanoTime() % 100000;
        accounts.save(username, PASSWORD, List.of(roles));
        return username;
    }

    public String signIn(String username) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/auth/sessions", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
        if (response.statusCode() != 201) {
            throw new AssertionError("sign-in of " + username + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("token").asText();
    }

    public HttpResponse<String> send(String method, String path, String token, String jsonBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    public JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
