package dev.modelyard.client;

/** The server could not be reached, or the exchange broke off before a response arrived. */
public final class ModelyardConnectionException extends RuntimeException {
    public ModelyardConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
