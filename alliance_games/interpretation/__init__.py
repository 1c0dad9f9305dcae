"""The interpretation stage: equilibria -> outcome distributions and plain-language
predictions in the field's words (:mod:`.outcomes`), with one module per model family
(:mod:`.families`)."""
