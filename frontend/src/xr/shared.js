// The three.js the page already loaded, shared with the VR code that loads on demand (xr.js), so a
// headset visitor does not download three.js twice and both use the same classes (renderer.xr,
// instanceof checks). Only what the VR code needs is listed: the hall bundle grows by little.
import {
  BackSide, BoxGeometry, BufferGeometry, CanvasTexture, CircleGeometry, Color, CylinderGeometry, DoubleSide,
  Float32BufferAttribute, Group, Line, LineBasicMaterial, MathUtils, Matrix4, Mesh, MeshBasicMaterial,
  MeshStandardMaterial, Object3D, PerspectiveCamera, PlaneGeometry, Quaternion, Raycaster, RingGeometry, Scene,
  SphereGeometry, SRGBColorSpace, TextureLoader, Vector2, Vector3, WebGLRenderer,
} from "three";

export function shareThree() {
  window.__fairThree = {
    BackSide, BoxGeometry, BufferGeometry, CanvasTexture, CircleGeometry, Color, CylinderGeometry, DoubleSide,
    Float32BufferAttribute, Group, Line, LineBasicMaterial, MathUtils, Matrix4, Mesh, MeshBasicMaterial,
    MeshStandardMaterial, Object3D, PerspectiveCamera, PlaneGeometry, Quaternion, Raycaster, RingGeometry, Scene,
    SphereGeometry, SRGBColorSpace, TextureLoader, Vector2, Vector3, WebGLRenderer,
  };
}
