import { today, type LocalDate } from './local-date';

/**
 * The bureau's calendar. Set once at start from HUB_TIME_ZONE so that "today" means the same day
 * for every part of the hub, wherever the server runs.
 */
let timeZone = 'Asia/Shanghai';

export function setHubTimeZone(zone: string): void {
  timeZone = zone;
}

export function hubToday(): LocalDate {
  return today(timeZone);
}
