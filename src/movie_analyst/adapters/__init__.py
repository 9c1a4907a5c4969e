"""Adapters: one technology each, named <Tech><Port>; they turn library errors into ours."""
