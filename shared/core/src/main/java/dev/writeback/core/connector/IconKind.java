package dev.writeback.core.connector;

import dev.writeback.core.error.InvalidInputException;

/** The connector images Domo's guide asks for, with their required sizes. */
public enum IconKind {
    ICON("icon", 512, 512),
    ICON_NO_BACKGROUND("icon-no-background", 512, 512),
    LOGO("logo", 512, 512),
    BANNER("banner", 1024, 512);

    private final String slug;
    private final int width;
    private final int height;

    IconKind(String slug, int width, int height) {
        this.slug = slug;
        this.width = width;
        this.height = height;
    }

    public String slug() {
        return slug;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public static IconKind fromSlug(String slug) {
        for (IconKind k : values()) {
            if (k.slug.equals(slug)) {
                return k;
            }
        }
        throw new InvalidInputException(
                "Unknown icon kind '" + slug + "'; use one of icon, icon-no-background, logo, banner.");
    }
}
