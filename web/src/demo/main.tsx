import { render } from 'preact';
import '../common/theme.css';
import { App } from './App';

render(<App />, document.getElementById('app') as HTMLElement);
