"""TorchServe handler for a model exported by dllab (packed into the .mar by `dllab-cli export`).

TorchServe calls the module-level handle(data, context): once with data None when it loads the
model, then with a list of requests, each a dict whose "body" (or "data") holds PNG/JPEG bytes,
a JSON list of numbers (one raw sample: pixels in [0, 1], or the feature values), or for a table
with typed columns a raw row: a JSON object keyed by column name (text categories, ISO dates,
null or a missing key for a missing cell) or a CSV line with the columns in the model's order.
It returns one
{label: probability} dict per request, the top k classes by softmax, or for a regression model
{target: predicted value}. Only torch is required:
Pillow decodes images when it is installed, otherwise PNG is decoded here (JPEG needs Pillow).
The model normalises its inputs itself, so nothing here depends on the training data.
"""
import csv
import datetime
import io
import json
import math
import os
import struct
import zlib

import torch

TOP_K = 5
_state = {}


def _initialize(context):
    model_dir = context.system_properties.get("model_dir")
    manifest = getattr(context, "manifest", None) or {}
    serialized = manifest.get("model", {}).get("serializedFile", "model.pt")
    extra = {"model_card.json": ""}
    model = torch.jit.load(os.path.join(model_dir, serialized), map_location="cpu",
                           _extra_files=extra)
    model.eval()
    with open(os.path.join(model_dir, "index_to_name.json")) as f:
        index_to_name = json.load(f)
    card = json.loads(extra["model_card.json"])
    _state["model"] = model
    _state["names"] = [index_to_name[str(i)] for i in range(len(index_to_name))]
    _state["shape"] = list(card["input"]["shape"][1:])
    _state["image"] = card["input"]["kind"] == "image"
    regression = card.get("task") == "regression"
    _state["target"] = card.get("target", {}).get("name", "value") if regression else None
    # A typed table's columns (model_card input.column_types): raw rows are stored as the model
    # takes them, as dllab-cli predict does.
    _state["columns"] = card["input"].get("column_types") or []


_MISSING = {"", "na", "n/a", "nan", "null", "?", "."}
_EPOCH = datetime.datetime(1970, 1, 1)


def _cell(value, column):
    """One raw cell as the model takes it: a number, a category's index, days since 1970."""
    name, kind = column["name"], column["type"]
    if value is None or (isinstance(value, str) and value.strip().lower() in _MISSING):
        return math.nan
    if kind == "numeric":
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError("column '%s': %r is not a number" % (name, value))
        if not math.isfinite(number):
            raise ValueError("column '%s': %r is not a finite number" % (name, value))
        return number
    if kind == "categorical":
        categories = column["categories"]
        text = value if isinstance(value, str) else json.dumps(value)
        # An unseen category is its own code past the known ones: the model's missing slot.
        return float(categories.index(text)) if text in categories else float(len(categories))
    if kind == "date":
        try:
            when = datetime.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError("column '%s': %r is not an ISO 8601 date" % (name, value))
        if when.tzinfo is not None:
            when = when.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return (when - _EPOCH).total_seconds() / 86400.0
    return math.nan  # text: kept in the data, not a feature


def _row_tensor(row):
    columns = _state["columns"]
    if isinstance(row, str):
        cells = next(csv.reader(io.StringIO(row.strip())), [])
        if len(cells) != len(columns):
            raise ValueError("a CSV row of %d cells; this model takes %d columns (%s)"
                             % (len(cells), len(columns), ", ".join(c["name"] for c in columns)))
        row = {c["name"]: cell for c, cell in zip(columns, cells)}
    return torch.tensor([_cell(row.get(c["name"]), c) for c in columns], dtype=torch.float32)


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _decode_png(data):
    """8-bit, non-interlaced PNG -> (channels, height, width, row-major HWC bytes)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    pos, idat, palette = 8, [], None
    width = height = depth = color = interlace = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"PLTE":
            palette = chunk
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
    if depth != 8 or interlace != 0:
        raise ValueError("only 8-bit non-interlaced PNG is decoded without Pillow")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = bytearray(height * stride)
    prev = bytearray(stride)
    src = 0
    for y in range(height):
        ftype = raw[src]
        line = bytearray(raw[src + 1:src + 1 + stride])
        src += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                line[i] = (line[i] + _paeth(a, b, c)) & 0xFF
        out[y * stride:(y + 1) * stride] = line
        prev = line
    if color == 3:  # palette indices -> RGB
        rgb = bytearray()
        for index in out:
            rgb += palette[3 * index:3 * index + 3]
        return 3, height, width, bytes(rgb)
    return channels, height, width, bytes(out)


def _image_tensor(data, shape):
    channels_wanted, height_wanted, width_wanted = shape
    try:
        import io
        from PIL import Image
        image = Image.open(io.BytesIO(data))
        has_color = image.mode not in ("1", "L", "LA", "I", "I;16", "F")
        image = image.convert("RGB" if has_color else "L")
        channels = 3 if has_color else 1
        width, height = image.size
        pixels = image.tobytes()
    except ImportError:
        channels, height, width, pixels = _decode_png(data)
        if channels in (2, 4):  # drop alpha
            keep = channels - 1
            pixels = bytes(b for i, b in enumerate(pixels) if i % channels < keep)
            channels = keep
    if (channels, height, width) != (channels_wanted, height_wanted, width_wanted):
        raise ValueError("expected a %dx%d image with %d channel(s), got %dx%d with %d"
                         % (width_wanted, height_wanted, channels_wanted, width, height,
                            channels))
    t = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).to(torch.float32) / 255.0
    return t.reshape(height, width, channels).permute(2, 0, 1).contiguous()


def _to_tensor(body):
    shape = _state["shape"]
    if isinstance(body, (bytes, bytearray)):
        if body[:8] == b"\x89PNG\r\n\x1a\n" or body[:3] == b"\xff\xd8\xff":
            if not _state["image"]:
                raise ValueError("this model takes %d feature values, not an image" % shape[0])
            return _image_tensor(bytes(body), shape)
        text = body.decode("utf-8")
        try:
            body = json.loads(text)
        except ValueError:
            body = text  # a CSV line
    if _state["columns"] and (isinstance(body, str) or
                              (isinstance(body, dict) and "data" not in body
                               and "instances" not in body)):
        return _row_tensor(body)
    if isinstance(body, dict):
        body = body.get("data", body.get("instances"))
    t = torch.tensor(body, dtype=torch.float32).flatten()
    expected = 1
    for d in shape:
        expected *= d
    if t.numel() != expected:
        raise ValueError("expected %d numbers (shape %s), got %d"
                         % (expected, "x".join(map(str, shape)), t.numel()))
    return t.reshape(shape)


def handle(data, context):
    if "model" not in _state:
        _initialize(context)
    if data is None:
        return None
    batch = torch.stack([_to_tensor(r.get("body", r.get("data"))) for r in data])
    with torch.no_grad():
        output = _state["model"](batch)
    if _state["target"] is not None:
        return [{_state["target"]: float(v)} for v in output.reshape(-1)]
    probabilities = torch.softmax(output, dim=1)
    k = min(TOP_K, probabilities.shape[1])
    top = torch.topk(probabilities, k, dim=1)
    names = _state["names"]
    return [{names[int(i)]: float(p) for p, i in zip(values, indices)}
            for values, indices in zip(top.values, top.indices)]
