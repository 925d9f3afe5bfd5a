"""The layout engine: Vietnamese word knowledge, line breaking and fitting, fonts, emblems, Job to Scene."""
