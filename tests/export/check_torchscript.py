"""Runs a dllab TorchScript export in Python's torch: prints its model card's class names and the
logits for a raw float32 input file, as JSON. Used by tests/export/tst_export_e2e.cpp.

usage: check_torchscript.py MODEL.pt INPUT.f32 N D1 [D2 ...]
"""
import json
import sys

import torch

model_path, input_path, *shape = sys.argv[1:]
extra = {"model_card.json": ""}
model = torch.jit.load(model_path, map_location="cpu", _extra_files=extra)
model.eval()
card = json.loads(extra["model_card.json"])
with open(input_path, "rb") as f:
    x = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape([int(d) for d in shape])
with torch.no_grad():
    logits = model(x)
print(json.dumps({"torch": torch.__version__, "class_names": card["class_names"],
                  "logits": logits.tolist()}))
