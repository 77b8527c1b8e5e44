#!/usr/bin/python3
"""PyTorch reference for bench_train.py: the same model, data, batch size and optimizer as
`dllab-cli train`, written as users write it (a DataLoader over in-memory tensors).
Prints one JSON line: samples/s of the training loop (evaluation excluded), final loss, threads.
Run with Debian's /usr/bin/python3 (python3-torch, the same LibTorch build dllab links)."""
import argparse
import gzip
import json
import pathlib
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    data = gzip.open(path, "rb").read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))

    def forward(self, x):
        return (x - self.mean) / self.std


def model_for(arch, mean, std):
    norm = Normalize(mean, std)
    if arch == "mlp":
        return nn.Sequential(norm, nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
                             nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(norm, nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                         nn.Linear(84, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="mnist-10k folder")
    parser.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=0, help="0: PyTorch's default")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    folder = pathlib.Path(args.data)
    images = read_idx(folder / "train-images-idx3-ubyte.gz")
    labels = read_idx(folder / "train-labels-idx1-ubyte.gz")
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    model = model_for(args.model, float(x.mean()), float(x.std()))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y),
                                         batch_size=args.batch_size, shuffle=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    seconds, samples = 0.0, 0
    for _ in range(args.epochs):
        model.train()
        start = time.perf_counter()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            samples += len(yb)
        seconds += time.perf_counter() - start
    print(json.dumps({"samples_per_sec": samples / seconds, "loss": float(loss),
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
