"""What the clerk asks for: the render chain, batches of orders, proofs, tiles, the gallery, checks."""
