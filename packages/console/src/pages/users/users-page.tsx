import { Page } from '../../components/layout.tsx';

/** TO BE BUILT: Users. */
export default function UsersPage() {
  return <Page title="Users">{null}</Page>;
}
