"""The course's five lecture notes, their examples written anew and run by torch (see ../shared/notes/README.md).

One module per note, in the notes' order: `shapes_note` (D and num_layers), `hello` (one-hot "hello"),
`numpy_loop` (an RNN as a numpy loop), `sine` (nn.RNN on a sine), `digits` (the LSTM classifier of the MNIST
note, trained here on handwritten digits). Each example is a function whose source the page prints beside its
output, so what the student reads is what ran. `printed` holds the figures the notes printed, and `Check`
compares a figure of ours with one of theirs.
"""

from rnnviz.lecture_notes.checks import Check, shape_check, value_check

NOTES = ("shapes", "hello", "numpy_loop", "sine", "digits")

__all__ = ["NOTES", "Check", "shape_check", "value_check"]
