import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: User. */
export default function UserPage() {
  return <Page title="User">{null}</Page>;
}
