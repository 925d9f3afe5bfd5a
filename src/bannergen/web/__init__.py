"""The local web page (`bannergen web`): another face of the same library as the command line."""
