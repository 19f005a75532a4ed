"""Department of Skill Development (MOL): training enrolments (spec + cross-field checks) and
skill-standard certification tests (spec only). See source.yaml."""
