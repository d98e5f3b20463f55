package dev.firebreak.common.validation;

/** Shapes of the ids clients choose; one place so every service accepts the same ones. */
public final class Ids {

    /** A user, driver, merchant or room id: letters, digits, '_', '.', '-'; 1 to 64 characters. */
    public static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    /** Message shown when an id does not match {@link #ID}. */
    public static final String ID_MESSAGE = "must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit";

    private Ids() {
    }
}
