import { render } from 'preact';
import '../shared/theme.css';
import { App } from './App';

render(<App />, document.getElementById('app') as HTMLElement);
