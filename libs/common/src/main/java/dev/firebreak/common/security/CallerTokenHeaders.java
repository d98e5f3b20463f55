package dev.firebreak.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Acts for the signed-in user towards another service: forwards the caller's own bearer token, so
 * the callee checks that user's rights itself (messaging's money-in-chat moves only the sender's money).
 */
@ApplicationScoped
public class CallerTokenHeaders implements ClientHeadersFactory {

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        String authorization = incoming.getFirst("Authorization");
        if (authorization != null) {
            headers.putSingle("Authorization", authorization);
        }
        return headers;
    }
}
