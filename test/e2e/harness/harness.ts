// The e2e page: shims first (ES modules evaluate in import order), then the real task pane.
import './shims';
import '../../../src/taskpane/index';
