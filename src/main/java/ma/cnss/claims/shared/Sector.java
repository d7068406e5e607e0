package ma.cnss.claims.shared;

public enum Sector {
    PRIVATE, PUBLIC
}
