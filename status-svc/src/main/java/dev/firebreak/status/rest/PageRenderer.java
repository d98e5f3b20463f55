package dev.firebreak.status.rest;

import dev.firebreak.status.model.Page;
import dev.firebreak.status.service.StatusPage;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders the page (templates/page.html): whole for a browser's first load, its main fragment for the live stream. */
@ApplicationScoped
public class PageRenderer {

    /** What the stream sends: the page's main fragment, rendered, with its title. */
    public record Update(String servedBy, String overall, String title, String html) {
    }

    private final StatusPage status;
    private final Template page;

    public PageRenderer(StatusPage status, @Location("page.html") Template page) {
        this.status = status;
        this.page = page;
    }

    public String whole() {
        return page.data("page", status.page()).render();
    }

    public Update update() {
        Page p = status.page();
        String html = page.getFragment("main").data("page", p).render();
        return new Update(p.servedBy(), p.overall() == null ? null : p.overall().name(), p.headline() + " · Firebreak status", html);
    }
}
