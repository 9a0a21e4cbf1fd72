package dev.modelyard.server.serving;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request uuids for the inference path: random version-4 uuids from a thread-local generator,
 * because {@link UUID#randomUUID()} takes a lock on a shared SecureRandom. They identify requests;
 * they are not secrets.
 */
public final class RequestIds {
    private RequestIds() {}

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & 0xFFFF_FFFF_FFFF_0FFFL) | 0x0000_0000_0000_4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
