package ma.cnss.claims.shared;

public enum LineType {
    ACT, MEDICINE, DEVICE, DAY_RATE
}
