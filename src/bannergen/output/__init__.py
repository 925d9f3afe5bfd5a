"""Painting a Scene: prepress geometry, the PDF painter, rasters in strips."""
