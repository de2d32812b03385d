// The floor plan's rules, as the server checks them (fair/studio/floorplan.py, fair/services.py): a booth is a
// 4 × 3 m footprint turned about its centre; it stays on the floor and overlaps no other booth.

/** The four corners of a booth's footprint on the floor (x, z), turned as three.js turns it (degrees about y). */
export function corners({ x, z, rotation }, width = 4, depth = 3) {
  const angle = (rotation * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([sx, sz]) => {
    const lx = (sx * width) / 2;
    const lz = (sz * depth) / 2;
    return [x + lx * cos + lz * sin, z - lx * sin + lz * cos];
  });
}

function axes(points) {
  return [0, 1].map((i) => {
    const [x1, z1] = points[i];
    const [x2, z2] = points[i + 1];
    return [-(z2 - z1), x2 - x1];
  });
}

/** Whether two footprints overlap (separating axis test); touching edges are allowed. */
export function overlap(a, b) {
  if (Math.hypot(a.x - b.x, a.z - b.z) >= 5 + 1e-6) return false;
  const ca = corners(a);
  const cb = corners(b);
  for (const axis of [...axes(ca), ...axes(cb)]) {
    const pa = ca.map(([x, z]) => axis[0] * x + axis[1] * z);
    const pb = cb.map(([x, z]) => axis[0] * x + axis[1] * z);
    const slack = 1e-6 * Math.hypot(...axis);
    if (Math.min(...pa) >= Math.max(...pb) - slack || Math.min(...pb) >= Math.max(...pa) - slack) return false;
  }
  return true;
}

export function offFloor(booth, hall) {
  return corners(booth).some(([x, z]) => Math.abs(x) > hall.width / 2 + 1e-6 || Math.abs(z) > hall.depth / 2 + 1e-6);
}

/** The first rule this booth breaks where it stands now: { code, other? } or null. */
export function problemOf(booth, booths, hall) {
  if (offFloor(booth, hall)) return { code: "off_floor" };
  const other = booths.find((candidate) => candidate !== booth && overlap(booth, candidate));
  return other ? { code: "overlap", other } : null;
}

export const snap = (value, grid) => Math.round(Math.round(value / grid) * grid * 100) / 100;
export const turn = (rotation, step) => (((Math.round(rotation / step) * step) % 360) + 360) % 360;
