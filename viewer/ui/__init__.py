"""The Qt layer: thin widgets over viewer.core."""
