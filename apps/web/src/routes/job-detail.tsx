export default function Route() {
  return <p>Coming soon.</p>;
}
