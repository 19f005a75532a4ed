"""Hotline 1506: the landing of the connector's drops (contacts.py) and the topic classifier
(topics.py). See docs/hotline-classifier.md."""
