package ma.cnss.claims.intake;

/** Told about each file once its claims are durably stored (after commit); metrics implement it. */
public interface IntakeListener {

    void fileStored(IncomingFile file, IntakeOutcome outcome);
}
