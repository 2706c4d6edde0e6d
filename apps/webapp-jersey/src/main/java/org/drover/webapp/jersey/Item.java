package org.drover.webapp.jersey;

/** An item as {@code GET /api/items/{id}} answers it: {@code {"id":7,"name":"item-7"}}. */
record Item(long id, String name) {

    static Item numbered(long id) {
        return new Item(id, "item-" + id);
    }
}
