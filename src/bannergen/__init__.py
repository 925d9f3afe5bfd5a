"""bannergen: an approved slogan catalogue turned into print-ready banners and posters."""

__version__ = "0.1.0"
