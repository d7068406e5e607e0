package ma.cnss.claims.shared;

public enum CareSetting {
    AMBULATORY, HOSPITAL
}
