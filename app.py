"""Gradio app (to come)."""
