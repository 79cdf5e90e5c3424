import { defineAsyncComponent, type Component } from 'vue';
import { WIDGETS, type WidgetTag } from '../../../libs/dashboards/src/model';

/**
 * Tag → component, loaded on first use (each widget is its own chunk). The attribute schemas are
 * not repeated here: they come from the catalogue module the hub's `/api/v1/dashboards/widgets`
 * publishes (libs/dashboards/src/model), so what the editor offers and what renders are one list.
 */
const loaders: Record<WidgetTag, () => Promise<Component>> = {
  Calendar: () => import('./widgets/CalendarWidget.vue'),
  Music: () => import('./widgets/MusicWidget.vue'),
  DateTimeWeather: () => import('./widgets/DateTimeWeatherWidget.vue'),
  ImageCarousel: () => import('./widgets/ImageCarouselWidget.vue'),
  RssNews: () => import('./widgets/RssNewsWidget.vue'),
  DateTime: () => import('./widgets/DateTimeWidget.vue'),
  Weather: () => import('./widgets/WeatherWidget.vue'),
  Camera: () => import('./widgets/CameraWidget.vue'),
  Variable: () => import('./widgets/VariableWidget.vue'),
  Button: () => import('./widgets/ButtonWidget.vue'),
  Switch: () => import('./widgets/SwitchWidget.vue'),
  Slider: () => import('./widgets/SliderWidget.vue'),
  Sensor: () => import('./widgets/SensorWidget.vue'),
  SensorChart: () => import('./widgets/SensorChartWidget.vue'),
  Gauge: () => import('./widgets/GaugeWidget.vue'),
  Image: () => import('./widgets/ImageWidget.vue'),
  Markdown: () => import('./widgets/MarkdownWidget.vue'),
  EventLog: () => import('./widgets/EventLogWidget.vue'),
  Iframe: () => import('./widgets/IframeWidget.vue'),
  Process: () => import('./widgets/ProcessWidget.vue'),
  Heading: () => import('./widgets/HeadingWidget.vue'),
};

const components = new Map<string, Component>();

/** The (lazy) component of a widget tag; one instance per tag so Vue reuses it across renders. */
export function widgetComponent(tag: WidgetTag): Component {
  let component = components.get(tag);
  if (!component) {
    component = defineAsyncComponent({ loader: loaders[tag], suspensible: false });
    components.set(tag, component);
  }
  return component;
}

export { WIDGETS };
