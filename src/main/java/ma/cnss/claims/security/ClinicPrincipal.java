package ma.cnss.claims.security;

/** An authenticated clinic (or pharmacy, lab, hospital): the submitter INPE and the id of the key it used. */
public record ClinicPrincipal(String submitterInpe, String keyId) {

    @Override
    public String toString() {
        return "clinic:" + submitterInpe;
    }
}
