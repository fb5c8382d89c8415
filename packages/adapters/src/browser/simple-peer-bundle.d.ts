/** simple-peer's own browser bundle (see live-view.ts): the same constructor as the package's main entry. */
declare module 'simple-peer/simplepeer.min.js' {
  import SimplePeer from 'simple-peer';
  export default SimplePeer;
}
