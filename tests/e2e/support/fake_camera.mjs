// A fake camera for Chromium: a Y4M video file (raw YUV 4:2:0) of a QR code,
// given to `--use-file-for-fake-video-capture`, which Chromium plays in a loop
// as the camera. Plain Node: the luma plane is the code scaled up on white
// with its quiet zone; both chroma planes are 128 (grey).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const WIDTH = 640;
const HEIGHT = 480;
// Video-range luma: black and white as a camera records them.
const DARK = 16;
const LIGHT = 235;

/**
 * Writes a Y4M file showing `modules` (rows of booleans, dark = true, quiet
 * zone included) in the middle of the frame, at most 80% of its height, and
 * returns the Chromium flags that make it the camera.
 */
export function fakeCameraShowing(modules) {
  const size = modules.length;
  const scale = Math.floor((Math.min(WIDTH, HEIGHT) * 0.8) / size);
  if (scale < 2) throw new Error(`a ${size}-module code does not fit the fake camera's frame`);
  const left = Math.floor((WIDTH - size * scale) / 2);
  const top = Math.floor((HEIGHT - size * scale) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, LIGHT);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      if (modules[Math.floor(y / scale)][Math.floor(x / scale)]) luma[(top + y) * WIDTH + left + x] = DARK;
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "heard-camera-")), "qr.y4m");
  writeFileSync(file, Buffer.concat([header, frame, frame]));
  return [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${file}`,
  ];
}

/** Rows of `#` (dark) and `.` as modules, with a four-module quiet zone added. */
export function withQuietZone(rows) {
  const size = rows.length + 8;
  const light = () => new Array(size).fill(false);
  return [
    ...Array.from({ length: 4 }, light),
    ...rows.map((row) => [false, false, false, false, ...[...row].map((c) => c === "#"), false, false, false, false]),
    ...Array.from({ length: 4 }, light),
  ];
}
