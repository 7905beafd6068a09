// The zone rules live in @freezer/schema so the dashboard's preview and the node's slots agree.
export { localTimeZone, parseScheduleDate, zoneOffsetMs } from '@freezer/schema';
