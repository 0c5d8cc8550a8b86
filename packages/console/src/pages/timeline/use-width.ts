import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

/**
 * The width of an element, followed as it changes: the timeline is drawn at the pixels it has, so its text
 * stays the size of the page's text instead of shrinking with a scaled viewBox on a phone.
 */
export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
