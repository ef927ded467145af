import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main id="main" className="page narrow">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to your workspaces</Link>.
      </p>
    </main>
  );
}
