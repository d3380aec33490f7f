"""Exports a detector checkpoint to ONNX: python3 scripts/neural/export.py RUN_DIR [LAYERS]"""
import os, sys, json
sys.path.insert(0, os.path.dirname(__file__))
import torch
from train import Detector, export

run = sys.argv[1]
layers = int(sys.argv[2]) if len(sys.argv) > 2 else 4
vocab = sum(1 for line in open(os.path.join(run, 'vocab.txt')) if line.strip()) + 6
model = Detector(vocab, layers=layers)
model.load_state_dict(torch.load(os.path.join(run, 'detector.pt')))
export(model, os.path.join(run, 'detector.onnx'))
