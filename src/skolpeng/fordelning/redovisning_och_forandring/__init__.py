"""Redovisning och förändring: redovisningen per skolenhet (``redovisning``,
``redovisning_rader``, ``redovisning_jamforelse``), förändringen mot förra året uppdelad på
orsaker (``forandring``, ``forandring_avrundning``), jämförelsen med normen
(``normjamforelse``, ``normjamforelse_text``) och jämförelsen mellan scenarier
(``scenariojamforelse``)."""
