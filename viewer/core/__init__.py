"""The Qt-free core: model, importers, cleaning, library, rendering."""
